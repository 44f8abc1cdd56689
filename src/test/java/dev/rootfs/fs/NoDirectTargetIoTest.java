package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing writes into the target root except through {@link TargetRoot}: no compiled class outside
 * {@code dev.rootfs.fs} calls a method of the JDK that opens, writes, copies, moves, lists or deletes a file by
 * host path, except the few listed in {@link #HOST_IO}, whose files lie beside the root or on the build host.
 * The scan reads each class file's constant pool, so it sees every call the class can make, whatever the source
 * spells.
 */
class NoDirectTargetIoTest {
    /** Classes (nested classes included) that do host I/O outside the root, and why that is fine. */
    static final Map<String, String> HOST_IO = Map.of(
            "dev.rootfs.factory.FactoryJournal", "reads the factory move's journal next to the metadata file, "
                    + "which lies outside the root",
            "dev.rootfs.cli.Main", "reads tmpfiles.d files named on the command line, on the host",
            "dev.rootfs.tmpfiles.PopulateVarService", "reads tmpfiles.d files the build names (configFiles), "
                    + "on the host",
            "dev.rootfs.goal.UpToDate", "reads its up-to-date record beside the metadata file, outside the root",
            "dev.rootfs.stage.HostInput", "reads the stage goal's layer sources (archives, trees, files, mtree "
                    + "specs) on the build host; writes go through TargetRoot",
            "dev.rootfs.image.ImageService", "pads and hashes the image's temporary files beside the image, "
                    + "which requireOutside keeps out of the root",
            "dev.rootfs.image.Ext4Fixups", "writes its debugfs script and xattr values in a work directory "
                    + "beside the image, outside the root");

    /** Owner class (internal name) to the methods that touch a file's content, entries or existence. */
    private static final Map<String, Set<String>> FILE_IO = Map.of(
            "java/nio/file/Files", Set.of("newByteChannel", "newInputStream", "newOutputStream", "newBufferedReader",
                    "newBufferedWriter", "newDirectoryStream", "write", "writeString", "readAllBytes",
                    "readAllLines", "readString", "lines", "list", "walk", "walkFileTree", "find", "copy", "move",
                    "delete", "deleteIfExists", "createFile", "createDirectory", "createDirectories",
                    "createSymbolicLink", "createLink", "createTempFile", "createTempDirectory", "setAttribute",
                    "setPosixFilePermissions", "setOwner", "setLastModifiedTime", "mismatch"),
            "java/nio/channels/FileChannel", Set.of("open"),
            "java/nio/channels/AsynchronousFileChannel", Set.of("open"),
            "java/nio/file/spi/FileSystemProvider", Set.of("newByteChannel", "newFileChannel", "newInputStream",
                    "newOutputStream", "newDirectoryStream", "copy", "move", "delete", "deleteIfExists",
                    "createDirectory", "createSymbolicLink", "createLink"),
            "java/io/FileInputStream", Set.of("<init>"),
            "java/io/FileOutputStream", Set.of("<init>"),
            "java/io/RandomAccessFile", Set.of("<init>"),
            "java/io/FileReader", Set.of("<init>"),
            "java/io/FileWriter", Set.of("<init>"),
            "java/io/File", Set.of("delete", "mkdir", "mkdirs", "renameTo", "createNewFile", "list", "listFiles",
                    "setReadable", "setWritable", "setExecutable", "setLastModified", "deleteOnExit"));

    @Test
    void onlyTheFsLayerTouchesFilesByHostPath() throws Exception {
        Map<String, Set<String>> uses = fileIoByClass(classesDir());
        Map<String, Set<String>> offenders = new TreeMap<>();
        uses.forEach((cls, calls) -> {
            if (!cls.startsWith("dev.rootfs.fs.") && !HOST_IO.containsKey(cls)) {
                offenders.put(cls, calls);
            }
        });
        assertEquals(Map.of(), offenders, "these classes do file I/O by host path, which could reach into the "
                + "target root; go through TargetRoot (or, for a file that is not in the root, add the class with "
                + "its reason to HOST_IO)");
    }

    @Test
    void everyAllowedClassStillNeedsIt() throws Exception {
        Map<String, Set<String>> uses = fileIoByClass(classesDir());
        List<String> stale = new ArrayList<>();
        for (String cls : HOST_IO.keySet()) {
            if (!uses.containsKey(cls)) {
                stale.add(cls);
            }
        }
        assertEquals(List.of(), stale, "no longer do host file I/O: remove them from HOST_IO");
        Set<String> own = uses.getOrDefault(TargetRoot.class.getName(), Set.of());
        assertTrue(own.contains("java/nio/file/Files.newByteChannel"), "the scan sees TargetRoot's own calls: " + own);
    }

    private static Path classesDir() throws Exception {
        return Path.of(TargetRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Top-level class name to the file-I/O methods (owner.name) its class files refer to. */
    static Map<String, Set<String>> fileIoByClass(Path classes) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : files) {
            String name = classes.relativize(f).toString().replace('/', '.');
            name = name.substring(0, name.length() - ".class".length());
            int nested = name.indexOf('$');
            String top = nested < 0 ? name : name.substring(0, nested);
            try (InputStream in = Files.newInputStream(f)) {
                for (String ref : methodRefs(new DataInputStream(in))) {
                    int dot = ref.indexOf('.');
                    if (FILE_IO.getOrDefault(ref.substring(0, dot), Set.of()).contains(ref.substring(dot + 1))) {
                        out.computeIfAbsent(top, k -> new TreeSet<>()).add(ref);
                    }
                }
            }
        }
        return out;
    }

    /** The methods a class file refers to, as owner.name, read from its constant pool (JVMS 4.4). */
    static List<String> methodRefs(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        int[][] natNames = new int[count][];
        List<int[]> refs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 10, 11 -> refs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
                case 12 -> natNames[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 3, 4, 9, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        List<String> out = new ArrayList<>();
        for (int[] r : refs) {
            out.add(utf8[classNames[r[0]]] + "." + utf8[natNames[r[1]][0]]);
        }
        return out;
    }
}
