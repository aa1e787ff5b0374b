package dev.flinkrecipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The docs name only what exists: every relative link and every path of the project they name,
 * every {@code --option} (of a job, a tool or a bin/ or bench/ script), and every class name in
 * backticks (this project's, or of a library or the JDK on the classpath). A rename in the code
 * that leaves a page behind fails here, with the page and the name. Dated benchmark records under
 * {@code bench/results/} are history and are not checked.
 */
class DocsReferenceTest {
    static final Path ROOT = Path.of("").toAbsolutePath();

    /** Names from outside this JVM: Spark's, Python's, other tools' options. */
    static final Set<String> FOREIGN =
            Set.of(
                    // Spark and its documents
                    "DataFrameWriter",
                    "StreamingContext",
                    "SparkSession",
                    "DataStreamWriter",
                    "RocksDBStateStoreProvider",
                    "AnalysisException",
                    "CreateJacksonParser",
                    // the invoices' JSON fields, PascalCase in the document's schema
                    "InvoiceNumber",
                    "CreatedTime",
                    "StoreID",
                    "PinCode",
                    "DeliveryAddress",
                    "InvoiceLineItems",
                    "ItemCode",
                    "ItemPrice",
                    "ItemQty",
                    "TotalValue",
                    "--packages",
                    "--master",
                    // the Kafka and Flink command-line tools, Maven, Docker
                    "--bootstrap-server",
                    "--topic",
                    "--from-beginning",
                    "--property",
                    "--group",
                    "--describe",
                    "--savepointPath",
                    "--rm",
                    "--no-deps",
                    "--detached",
                    "--drain",
                    "--allowNonRestoredState",
                    // Flink's own: the Kubernetes operator's resource, the distribution's scripts,
                    // enum values
                    "FlinkDeployment",
                    "bin/start-zookeeper-quorum.sh",
                    "NeverReturnExpired",
                    "OnCreateAndWrite");

    /** Folders made by runs and builds, named by the docs but never committed. */
    static final List<String> GENERATED = List.of("bench/data", "run/", "target/");

    static final Set<String> OPTIONS = new HashSet<>();
    static final Set<String> CLASSES = new HashSet<>();

    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    static final Pattern TYPE_DECLARATION =
            Pattern.compile("\\b(?:class|record|interface|enum) ([A-Z]\\w*)");
    static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-zA-Z0-9-]*[a-zA-Z0-9]");

    /** A CamelCase name of two words or more, e.g. {@code ParseOrDeadLetter}, not {@code Main}. */
    static final Pattern CLASS_NAME =
            Pattern.compile("^@?([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+)(?:[.#$<(].*)?$");

    static final List<String> PROJECT_DIRS =
            List.of("src/", "bin/", "docs/", "bench/", "samples/", "savepoints/", "flink-conf/");

    @BeforeAll
    static void knownNames() throws IOException {
        collectOptions(Main.commandLine());
        // The options of the scripts, and of the demo and benchmarks (bench/flink), which parse
        // their own; the classes of the benchmarks' modules, which are not on this classpath.
        for (String dir : List.of("bin", "bench", "src/main/java")) {
            try (Stream<Path> scripts = Files.walk(ROOT.resolve(dir))) {
                for (Path s :
                        scripts.filter(Files::isRegularFile)
                                .filter(f -> !f.startsWith(ROOT.resolve("bench/results")))
                                .filter(f -> !f.startsWith(ROOT.resolve("bench/data")))
                                .filter(f -> !f.toString().contains("/target/"))
                                .toList()) {
                    String text = Files.readString(s, StandardCharsets.ISO_8859_1);
                    Matcher m = OPTION.matcher(text);
                    while (m.find()) OPTIONS.add(m.group());
                    if (s.startsWith(ROOT.resolve("bench")) && s.toString().endsWith(".java")) {
                        Matcher type = TYPE_DECLARATION.matcher(text);
                        while (type.find()) CLASSES.add(type.group(1));
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.forEach(f -> addClass(f.getFileName().toString()));
                }
            } else if (entry.endsWith(".jar") && Files.exists(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    jar.stream().forEach(e -> addClass(e.getName()));
                }
            }
        }
        FileSystem jdk = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (Stream<Path> files = Files.walk(jdk.getPath("/modules"))) {
            files.forEach(f -> addClass(f.toString()));
        }
    }

    private static void collectOptions(CommandLine cli) {
        for (OptionSpec o : cli.getCommandSpec().options()) {
            OPTIONS.addAll(List.of(o.names()));
            if (o.negatable()) OPTIONS.add(o.longestName().replaceFirst("^--", "--no-"));
        }
        for (CommandLine sub : cli.getSubcommands().values()) collectOptions(sub);
    }

    /** {@code a/b/Outer$Inner.class} adds Outer and Inner. */
    private static void addClass(String path) {
        if (!path.endsWith(".class")) return;
        String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".class".length());
        for (String part : name.split("\\$")) if (!part.isEmpty()) CLASSES.add(part);
    }

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        for (String top : List.of("README.md", "BENCHMARKS.md")) docs.add(ROOT.resolve(top));
        try (Stream<Path> md = Files.walk(ROOT)) {
            md.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.startsWith(ROOT.resolve("target")))
                    .filter(p -> !p.startsWith(ROOT.resolve("bench/results")))
                    .filter(p -> !p.startsWith(ROOT.resolve("run")))
                    .filter(p -> ROOT.relativize(p).getNameCount() > 1)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(docs::add);
        }
        return docs;
    }

    @Test
    void everyDocNamesOnlyWhatExists() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (Path doc : docs()) {
            String where = ROOT.relativize(doc).toString();
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            boolean inCode = false;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (inCode) {
                    // Commands of this project's scripts: their options must exist.
                    if (line.startsWith("bin/") || line.startsWith("bench/"))
                        checkOptions(line.replaceAll("#.*", ""), where, missing);
                    continue;
                }
                Matcher link = LINK.matcher(line);
                while (link.find()) checkLink(doc, link.group(1), where, missing);
                Matcher code = CODE.matcher(line);
                while (code.find()) checkCode(code.group(1).trim(), where, missing);
            }
        }
        assertThat(missing).as("names in the docs that do not exist").isEmpty();
    }

    private static void checkLink(Path doc, String target, String where, Set<String> missing) {
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) return;
        String file = target.replaceAll("#.*", "");
        if (!Files.exists(doc.getParent().resolve(file)))
            missing.add(where + ": link to " + target);
    }

    private static void checkCode(String code, String where, Set<String> missing) {
        checkOptions(code, where, missing);
        Matcher cls = CLASS_NAME.matcher(code);
        if (cls.matches() && !CLASSES.contains(cls.group(1)) && !FOREIGN.contains(cls.group(1)))
            missing.add(where + ": class " + cls.group(1));
        String first = code.split("\\s+")[0].replaceAll("[,.:;)]+$", "");
        boolean projectPath =
                PROJECT_DIRS.stream().anyMatch(first::startsWith)
                        || first.equals("pom.xml")
                        || first.equals("docker-compose.yml");
        if (projectPath
                && !first.matches(".*[<>*{}].*|.*\\.\\.\\..*")
                && GENERATED.stream().noneMatch(first::startsWith)
                && !FOREIGN.contains(first)
                && !Files.exists(ROOT.resolve(first))) missing.add(where + ": path " + first);
    }

    private static void checkOptions(String text, String where, Set<String> missing) {
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            String option = m.group();
            if (!OPTIONS.contains(option) && !FOREIGN.contains(option))
                missing.add(where + ": option " + option);
        }
    }
}
