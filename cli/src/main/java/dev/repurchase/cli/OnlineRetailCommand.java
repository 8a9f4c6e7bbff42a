package dev.repurchase.cli;

import dev.repurchase.cli.replay.OnlineRetail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Converts the UCI Online Retail data set into the CSV files of a replay. */
@Command(
        name = "online-retail",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the UCI Online Retail data (online_retail.csv.gz, CC BY 4.0) as the orders"
                    + " and order_items CSV files of a replay."
        })
public final class OnlineRetailCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "online_retail.csv.gz")
    Path source;

    @Option(
            names = "--out",
            defaultValue = ".",
            description =
                    "Directory of orders.csv and order_items.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(source)) {
            throw new ParameterException(spec.commandLine(), "cannot read file '" + source + "'");
        }
        Files.createDirectories(out);
        Path orders = out.resolve("orders.csv");
        Path items = out.resolve("order_items.csv");
        OnlineRetail.writeCsv(source, orders, items);
        System.out.println("wrote " + orders + " and " + items);
        return 0;
    }
}
