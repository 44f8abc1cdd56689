package dev.rootfs.factory;

import dev.rootfs.fs.AtomicOutput;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MetadataFile;
import dev.rootfs.fs.MtreeEscaping;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The steps of a move of /var into the factory, written next to the metadata file before the first step runs
 * and removed once the metadata records follow the nodes. A run killed in between leaves the journal; the
 * next run finishes its steps (each is skipped when already done), moves the records unless the metadata
 * already changed (its digest is in the journal), and goes on as usual.
 */
final class FactoryJournal {
    private static final String HEADER = "#rootfs-factory-journal";
    private static final String DIGEST = "#metadata-sha256 ";

    private FactoryJournal() {
    }

    static Path of(Path metadata) {
        Path abs = metadata.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".factory-journal");
    }

    /** Writes the journal atomically and durably before anything moves. */
    static void write(Path journal, List<VarMover.Step> steps, Path metadata) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(DIGEST).append(digest(metadata)).append('\n');
        for (VarMover.Step s : steps) {
            sb.append(line(s)).append('\n');
        }
        AtomicOutput.writeDurably(journal, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Finishes an interrupted move, if the journal is there; returns whether it was. */
    static boolean recover(Path journal, TargetRoot root, MetadataFile mf, boolean diskOwners) throws IOException {
        if (!Files.exists(journal)) {
            return false;
        }
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith(DIGEST)) {
            throw new IOException("unreadable journal of an interrupted generate-factory run: " + journal);
        }
        List<VarMover.Step> steps = new ArrayList<>();
        for (String l : lines.subList(2, lines.size())) {
            if (!l.isEmpty()) {
                steps.add(parse(l, journal));
            }
        }
        VarMover mover = VarMover.of(root, diskOwners, steps);
        mover.execute();
        if (digest(mf.path()).equals(lines.get(1).substring(DIGEST.length()))) {
            Metadata md = mf.read().metadata();
            mover.applyTo(md);
            mf.write(md);
        }
        Files.delete(journal);
        return true;
    }

    static void done(Path journal) throws IOException {
        Files.deleteIfExists(journal);
    }

    private static String line(VarMover.Step s) {
        if (s instanceof VarMover.Move m) {
            return "move " + e(m.from()) + " " + e(m.to());
        } else if (s instanceof VarMover.Replace r) {
            return "replace " + e(r.from()) + " " + e(r.to());
        } else if (s instanceof VarMover.DropDuplicate d) {
            return "drop " + e(d.path());
        } else if (s instanceof VarMover.RemoveEmptyDir r) {
            return "rmdir " + e(r.path());
        } else if (s instanceof VarMover.MoveRecord r) {
            return "record " + e(r.from()) + " " + e(r.to());
        } else if (s instanceof VarMover.SetAttributes a) {
            return "attrs " + (a.create() ? "create " : "keep ") + MtreeFormat.format(a.attributes().withPath(a.path()));
        }
        throw new IllegalStateException("unknown step " + s);
    }

    private static VarMover.Step parse(String line, Path journal) throws IOException {
        String[] w = line.split(" ", 3);
        try {
            switch (w[0]) {
                case "move":
                    return new VarMover.Move(u(w[1]), u(w[2]));
                case "replace":
                    return new VarMover.Replace(u(w[1]), u(w[2]));
                case "drop":
                    return new VarMover.DropDuplicate(u(w[1]));
                case "rmdir":
                    return new VarMover.RemoveEmptyDir(u(w[1]));
                case "record":
                    return new VarMover.MoveRecord(u(w[1]), u(w[2]));
                case "attrs":
                    MtreeFormat.Parsed p = MtreeFormat.parse(w[2], journal.toString());
                    MetaEntry a = p.metadata().entries().iterator().next();
                    return new VarMover.SetAttributes(a.path(), a, w[1].equals("create"));
                default:
                    throw new IOException("unknown step in " + journal + ": " + line);
            }
        } catch (RuntimeException ex) {
            throw new IOException("malformed step in " + journal + ": " + line, ex);
        }
    }

    private static String e(String path) {
        return MtreeEscaping.escape(path);
    }

    private static String u(String word) {
        return MtreeEscaping.unescape(word);
    }

    private static String digest(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "absent";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
