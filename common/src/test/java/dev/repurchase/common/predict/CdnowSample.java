package dev.repurchase.common.predict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The CDNOW sample in {@code data/cdnow} (see its README.md for the source and licence). */
final class CdnowSample {

    /** The end of the calibration period the summary and the published parameters are of. */
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);

    /** r, alpha, a, b as published for the sample. */
    static final BgNbd PUBLISHED = new BgNbd(0.243, 4.414, 0.793, 2.426);

    /** One transaction: customer id, date, dollars. */
    record Transaction(String customerId, LocalDate date, String dollars) {}

    /** One row of the summary: customer id, x, t_x and T in weeks (two decimals). */
    record Summary(String customerId, int x, double tx, double t) {}

    private CdnowSample() {}

    /** The sample with its licence (see its README.md). */
    static final Path DIRECTORY = Path.of("../data/cdnow");

    static List<Transaction> transactions() throws IOException {
        List<Transaction> all = new ArrayList<>();
        for (String line : lines("CDNOW_sample.txt")) {
            String[] f = line.trim().split("\\s+");
            all.add(
                    new Transaction(
                            String.valueOf(Integer.parseInt(f[1])),
                            LocalDate.parse(f[2], DateTimeFormatter.BASIC_ISO_DATE),
                            f[4]));
        }
        return all;
    }

    static List<Summary> summary() throws IOException {
        List<Summary> rows = new ArrayList<>();
        List<String> lines = lines("cdnow_customers_summary.csv");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            rows.add(
                    new Summary(
                            f[0],
                            Integer.parseInt(f[1]),
                            Double.parseDouble(f[2]),
                            Double.parseDouble(f[3])));
        }
        return rows;
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(DIRECTORY.resolve(file), StandardCharsets.US_ASCII).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
