package io.tidemark.installers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a library jar for the installers:
 * <ul>
 * <li>without its signature: Java's AOT cache refuses classes from signed jars (BouncyCastle's are),
 *     and nothing here needs it, since no library is registered as a JCA provider;</li>
 * <li>with its entries stored, not deflated: the packages (xz or zstd) then compress the classes
 *     far better than deflate did, and reading a class costs no inflating;</li>
 * <li>without the entries {@code keep} refuses, e.g. sqlite-jdbc's native libraries for every
 *     other OS and architecture (10 of its 12 MB);</li>
 * <li>with class files older than Java 6 raised to Java 8 (see {@link ClassFileUpgrade}): Java
 *     25's AOT cache leaves such classes out, and picocli's 200 classes are Java 5.</li>
 * </ul>
 * Each entry keeps its time, and the jar keeps its file time, so the output changes only when the
 * input does.
 */
final class JarRepacker {
    private JarRepacker() {
    }

    static void repack(Path in, Path out, Predicate<String> keep) throws IOException {
        Files.createDirectories(out.getParent());
        ClassFileUpgrade upgrade = ClassFileUpgrade.forJar(in);
        try (InputStream raw = Files.newInputStream(in);
             ZipInputStream zin = new ZipInputStream(raw);
             OutputStream rawOut = Files.newOutputStream(out);
             ZipOutputStream zout = new ZipOutputStream(rawOut)) {
            zout.setMethod(ZipOutputStream.STORED);
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                String name = e.getName();
                if (isSignature(name) || !keep.test(name)) {
                    continue;
                }
                byte[] data = zin.readAllBytes();
                if (name.equals(JarFile.MANIFEST_NAME)) {
                    data = withoutDigests(data);
                } else if (name.endsWith(".class")) {
                    data = upgrade.apply(name, data);
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(data.length);
                copy.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                copy.setCrc(crc.getValue());
                if (e.getLastModifiedTime() != null) {
                    copy.setLastModifiedTime(e.getLastModifiedTime());
                }
                zout.putNextEntry(copy);
                zout.write(data);
                zout.closeEntry();
            }
        }
        FileTime time = Files.getLastModifiedTime(in);
        Files.setLastModifiedTime(out, time);
    }

    /** A jar signature's files: the signature file and its block. */
    static boolean isSignature(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }

    /** The manifest's main section only: the per-entry digests belonged to the signature. */
    private static byte[] withoutDigests(byte[] manifestBytes) throws IOException {
        Manifest manifest = new Manifest(new java.io.ByteArrayInputStream(manifestBytes));
        if (manifest.getEntries().isEmpty()) {
            return manifestBytes;
        }
        Manifest main = new Manifest();
        main.getMainAttributes().putAll(manifest.getMainAttributes());
        if (main.getMainAttributes().getValue(Attributes.Name.MANIFEST_VERSION) == null) {
            main.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        main.write(out);
        return out.toByteArray();
    }
}
