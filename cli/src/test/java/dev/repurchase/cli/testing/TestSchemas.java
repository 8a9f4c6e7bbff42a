package dev.repurchase.cli.testing;

import dev.repurchase.jobs.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL schemas a test class creates (its batch reference, its runs' sink tables), all
 * dropped when closed: in {@code @AfterAll} for schemas shared by the tests, in {@code @AfterEach}
 * for a test's own.
 */
public final class TestSchemas implements AutoCloseable {

    private final List<String> schemas = new ArrayList<>();

    /** A new schema named {@code prefix} and a random suffix. */
    public String create(String prefix) throws Exception {
        String schema = TestPostgres.createSchema(prefix);
        schemas.add(schema);
        return schema;
    }

    @Override
    public void close() throws Exception {
        for (String schema : schemas) {
            TestPostgres.dropSchema(schema);
        }
        schemas.clear();
    }
}
