package dev.repurchase.jobs.config;

import dev.repurchase.common.config.RepurchaseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * The Markdown table of every option of the job: each {@link ConfigOption} of the {@code *Options}
 * classes of the two config packages ({@code dev.repurchase.common.config}, {@code
 * dev.repurchase.jobs.config}), by key, with its default and description. docs/options.md holds it
 * between the markers {@value #BEGIN} and {@value #END}; {@code OptionsTableTest} keeps the two
 * equal.
 *
 * <pre>
 * java -cp cli/target/repurchase.jar dev.repurchase.jobs.config.OptionsTable               # print it
 * java -cp cli/target/repurchase.jar dev.repurchase.jobs.config.OptionsTable --write docs/options.md
 * </pre>
 */
public final class OptionsTable {

    public static final String BEGIN = "<!-- options:begin -->";
    public static final String END = "<!-- options:end -->";

    /** One class of each config package: the packages whose {@code *Options} classes count. */
    private static final List<Class<?>> PACKAGE_ANCHORS =
            List.of(RepurchaseOptions.class, PipelineOptions.class);

    private OptionsTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(markdown());
        } else if (args.length == 2 && "--write".equals(args[0])) {
            Path file = Path.of(args[1]);
            Files.writeString(
                    file,
                    replaceTable(Files.readString(file, StandardCharsets.UTF_8), markdown()),
                    StandardCharsets.UTF_8);
            System.out.println("wrote the options table into " + file);
        } else {
            System.err.println("usage: OptionsTable [--write docs/options.md]");
            System.exit(2);
        }
    }

    /** The table, one line per option, ending with a line break. */
    public static String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("| option | default | meaning |\n");
        table.append("|---|---|---|\n");
        for (ConfigOption<?> option : options()) {
            table.append("| `")
                    .append(option.key())
                    .append("` | ")
                    .append(defaultValue(option))
                    .append(" | ")
                    .append(text(new PlainText().format(option.description())))
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The options of every {@code *Options} class of the config packages, by key. */
    public static List<ConfigOption<?>> options() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> type : optionClasses()) {
            options.addAll(declaredIn(type));
        }
        options.sort(Comparator.comparing(ConfigOption::key));
        return options;
    }

    /** The public static {@link ConfigOption}s of {@code type}. */
    static List<ConfigOption<?>> declaredIn(Class<?> type) {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    /** The {@code *Options} classes beside the anchors, by name. */
    static List<Class<?>> optionClasses() {
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> anchor : PACKAGE_ANCHORS) {
            for (String simpleName : classesBeside(anchor)) {
                if (simpleName.endsWith("Options") && !simpleName.contains("$")) {
                    names.add(anchor.getPackageName() + "." + simpleName);
                }
            }
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }

    /** {@code text} with the table between the markers replaced by {@code table}. */
    public static String replaceTable(String text, String table) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " in the text");
        }
        return text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end);
    }

    /** The table between the markers of {@code text}, as {@link #replaceTable} writes it. */
    public static String tableIn(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " in the text");
        }
        String table = text.substring(begin + BEGIN.length(), end);
        return table.startsWith("\n") ? table.substring(1) : table;
    }

    private static String defaultValue(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        return "`" + oneLine(string(option.defaultValue())) + "`";
    }

    private static String string(Object value) {
        if (value instanceof Duration duration) {
            return TimeUtils.formatWithHighestUnit(duration);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(OptionsTable::string).collect(Collectors.joining(";"));
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return String.valueOf(value);
    }

    /** Text in a table cell: tag brackets escaped (a code span needs no escape but of '|'). */
    private static String text(String text) {
        return oneLine(text).replace("<", "\\<");
    }

    /** On one line, with the column separator escaped, as a cell of a Markdown table. */
    private static String oneLine(String text) {
        return text.replace("\r", "").replace('\n', ' ').replace("|", "\\|").strip();
    }

    /** The simple names of the classes in the package of {@code anchor} (a directory or a jar). */
    private static List<String> classesBeside(Class<?> anchor) {
        String packagePath = anchor.getPackageName().replace('.', '/') + "/";
        Path location;
        try {
            URI uri = anchor.getProtectionDomain().getCodeSource().getLocation().toURI();
            location = Path.of(uri);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(packagePath))) {
                    files.map(file -> file.getFileName().toString()).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream()
                            .map(JarEntry::getName)
                            .filter(name -> name.startsWith(packagePath))
                            .map(name -> name.substring(packagePath.length()))
                            .filter(name -> !name.contains("/"))
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.stream()
                .filter(name -> name.endsWith(".class"))
                .map(name -> name.substring(0, name.length() - ".class".length()))
                .toList();
    }

    /** Descriptions as plain Markdown text: code as {@code `code`}, links as {@code [x](y)}. */
    private static final class PlainText extends Formatter {

        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append('[').append(description).append("](").append(link).append(')');
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append(' ');
        }

        @Override
        protected void formatText(
                StringBuilder state,
                String format,
                String[] elements,
                EnumSet<TextElement.TextStyle> styles) {
            String text = String.format(format, (Object[]) elements);
            state.append(styles.contains(TextElement.TextStyle.CODE) ? "`" + text + "`" : text);
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            state.append(String.join("; ", entries));
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
