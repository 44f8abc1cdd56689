package dev.rootfs.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's parameter tables cannot drift from the plugin: every parameter of every goal, with its user property
 * and default, comes from the descriptor that maven-plugin-plugin generates from the Mojos, and must be in the
 * README's tables; every row of those tables must name a parameter that exists. {@code
 * src/test/tools/readme-parameters.py} prints the tables from the descriptor.
 */
class ReadmeParametersTest {
    /** The parameters of {@link AbstractRootfsMojo}, documented once in "Parameters every goal has". */
    static final Set<String> COMMON = Set.of("directory", "metadata", "reportsDirectory", "skip", "failOnError",
            "applyOwnership", "force");

    /** One row: the parameter's user property and default, "-" where it has none. */
    record Row(String property, String defaultValue) {
    }

    @Test
    void everyParameterIsInTheReadmeAndEveryRowIsAParameter() throws Exception {
        Map<String, Map<String, Row>> plugin = descriptor();
        String readme = Files.readString(Path.of("README.md"));
        Map<String, Map<String, Row>> documented = goalTables(readme);
        Map<String, Row> common = table(section(readme, "### Parameters every goal has", "\n## "));

        List<String> problems = new ArrayList<>();
        Map<String, Row> pluginCommon = new TreeMap<>();
        plugin.forEach((goal, params) -> params.forEach((name, row) -> {
            if (COMMON.contains(name)) {
                pluginCommon.put(name, row);
            }
        }));
        compare("Parameters every goal has", pluginCommon, common, problems);
        for (String goal : new TreeSet<>(plugin.keySet())) {
            Map<String, Row> own = new TreeMap<>(plugin.get(goal));
            own.keySet().removeAll(COMMON);
            Map<String, Row> doc = documented.get(goal);
            if (doc == null) {
                problems.add("goal " + goal + " has no table under \"## Parameter reference\" (### `" + goal + "`)");
                continue;
            }
            compare("goal " + goal, own, doc, problems);
        }
        for (String goal : documented.keySet()) {
            if (!plugin.containsKey(goal)) {
                problems.add("the README documents a goal " + goal + " that the plugin does not have");
            }
        }
        assertEquals(List.of(), problems, "README parameter tables differ from the plugin descriptor; "
                + "python3 src/test/tools/readme-parameters.py prints the tables");
    }

    /** {@code mvn site} and help show since when a parameter exists; every one must say it. */
    @Test
    void everyParameterSaysSinceWhichVersion() throws Exception {
        Document doc;
        try (InputStream in = ReadmeParametersTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        List<String> missing = new ArrayList<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent();
            for (Element p : children(child(mojo, "parameters"))) {
                if (!goal.equals("help") && child(p, "editable").getTextContent().equals("true")
                        && child(p, "since") == null) {
                    missing.add(goal + " " + child(p, "name").getTextContent());
                }
            }
        }
        assertEquals(List.of(), missing, "parameters without @since in their javadoc");
    }

    /** The comparison must see real tables: a README without them would pass vacuously. */
    @Test
    void theTablesAreFound() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(goalTables(readme).size() >= 5, "goal tables under \"## Parameter reference\"");
        assertEquals(COMMON, table(section(readme, "### Parameters every goal has", "\n## ")).keySet());
    }

    private static void compare(String where, Map<String, Row> plugin, Map<String, Row> readme,
            List<String> problems) {
        plugin.forEach((name, row) -> {
            Row doc = readme.get(name);
            if (doc == null) {
                problems.add(where + ": parameter " + name + " (" + row.property() + ") is missing from the README");
            } else if (!doc.equals(row)) {
                problems.add(where + ": parameter " + name + " is " + row + " in the plugin but " + doc
                        + " in the README");
            }
        });
        readme.keySet().stream().filter(n -> !plugin.containsKey(n))
                .forEach(n -> problems.add(where + ": the README names a parameter " + n + " that does not exist"));
    }

    /** goal -> parameter -> row, for the editable parameters of every goal but help. */
    static Map<String, Map<String, Row>> descriptor() throws Exception {
        Document doc;
        try (InputStream in = ReadmeParametersTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertNotNull(in, "the plugin descriptor (generated at process-classes)");
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Map<String, Map<String, Row>> out = new TreeMap<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = child(mojo, "goal").getTextContent();
            if (goal.equals("help")) {
                continue;
            }
            Map<String, Row> params = new TreeMap<>();
            Element conf = child(mojo, "configuration");
            for (Element p : children(child(mojo, "parameters"))) {
                if (!child(p, "editable").getTextContent().equals("true")) {
                    continue;
                }
                String name = child(p, "name").getTextContent();
                Element c = conf == null ? null : child(conf, name);
                String expr = c == null ? "" : c.getTextContent().trim();
                String property = expr.startsWith("${") ? expr.substring(2, expr.length() - 1) : "-";
                String def = c == null || !c.hasAttribute("default-value") ? "-" : c.getAttribute("default-value");
                params.put(name, new Row(property, def));
            }
            out.put(goal, params);
        }
        return out;
    }

    private static Map<String, Map<String, Row>> goalTables(String readme) {
        String ref = section(readme, "\n## Parameter reference\n", "\n## ");
        Map<String, Map<String, Row>> out = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^### `([a-z-]+)`$").matcher(ref);
        List<Integer> starts = new ArrayList<>();
        List<String> goals = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            goals.add(m.group(1));
        }
        for (int i = 0; i < goals.size(); i++) {
            int end = i + 1 < goals.size() ? starts.get(i + 1) : ref.length();
            out.put(goals.get(i), table(ref.substring(starts.get(i), end)));
        }
        return out;
    }

    private static String section(String text, String start, String end) {
        int s = text.indexOf(start);
        assertTrue(s >= 0, "README has no " + start.trim());
        int e = text.indexOf(end, s + start.length());
        return text.substring(s + start.length(), e < 0 ? text.length() : e);
    }

    /** The rows of the markdown tables in {@code text} whose first cell is a backticked parameter name. */
    private static Map<String, Row> table(String text) {
        Map<String, Row> rows = new TreeMap<>();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1).split("(?<!\\\\)\\|");
            rows.put(unquote(cells[0]), new Row(unquote(cells[1]), unquote(cells[2])));
        }
        return rows;
    }

    private static String unquote(String cell) {
        String s = cell.trim();
        return s.startsWith("`") && s.endsWith("`") && s.length() >= 2 ? s.substring(1, s.length() - 1) : s;
    }

    private static Element child(Element e, String name) {
        for (Element c : children(e)) {
            if (c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e == null ? null : e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }
}
