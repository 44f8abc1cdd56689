package dev.rootfs.report;

import java.util.List;

/**
 * Bad input: the run stopped before changing anything, and every problem found is listed. The Mojos turn it
 * into a build failure showing this message, never a stack trace.
 */
public class ProblemsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ProblemsException(String headline, List<Problem> problems) {
        super(render(headline, problems));
        this.problems = List.copyOf(problems);
    }

    public ProblemsException(String oneLine) {
        this(oneLine, List.of());
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(String headline, List<Problem> problems) {
        StringBuilder sb = new StringBuilder(headline);
        for (Problem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
