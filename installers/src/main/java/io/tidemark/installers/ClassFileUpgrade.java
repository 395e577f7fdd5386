package io.tidemark.installers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Raises class files older than Java 6 (version 50) to Java 8 (52), with the stack maps the newer
 * verifier needs computed by the JDK's own ClassFile API. Java 25's AOT cache will not hold a class
 * that needs the old verifier (JDK-8317269, lifted in 26), and picocli 4.7.7 is compiled for Java 5:
 * without this, every CLI call loads its ~200 classes from the jar, about a third of a status call.
 * The code itself is kept instruction for instruction; a class that cannot be raised (one using
 * jsr/ret, which Java 7 class files forbid) stops the build with its name.
 */
final class ClassFileUpgrade {
    static final int TARGET = ClassFile.JAVA_8_VERSION;
    /** Below this the AOT cache leaves a class out. */
    static final int OLDEST_CACHED = ClassFile.JAVA_6_VERSION;

    private final Map<String, byte[]> classes;
    private final ClassFile classFile;

    private ClassFileUpgrade(Map<String, byte[]> classes) {
        this.classes = classes;
        // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
        ClassHierarchyResolver own = ClassHierarchyResolver.ofResourceParsing(this::open);
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(own.orElse(ClassHierarchyResolver.defaultResolver())));
    }

    /** What to do with {@code jar}'s classes; reads the jar's classes only when one of them is old. */
    static ClassFileUpgrade forJar(Path jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        boolean anyOld = false;
        try (InputStream raw = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    byte[] bytes = zip.readAllBytes();
                    classes.put(e.getName(), bytes);
                    anyOld |= isOld(bytes);
                }
            }
        }
        return new ClassFileUpgrade(anyOld ? classes : Map.of());
    }

    static boolean isOld(byte[] classBytes) {
        return classBytes.length > 8 && ((classBytes[6] & 0xff) << 8 | (classBytes[7] & 0xff)) < OLDEST_CACHED;
    }

    /** {@code bytes} raised to Java 8 when older than Java 6; otherwise unchanged. */
    byte[] apply(String name, byte[] bytes) {
        if (!isOld(bytes) || name.endsWith("module-info.class")) {
            return bytes;
        }
        try {
            ClassModel model = classFile.parse(bytes);
            ClassTransform raise = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(TARGET, 0);
                } else {
                    builder.with(element);
                }
            };
            // Rebuilding every method body is what makes the API compute its stack map frames.
            return classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(raise));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalStateException("cannot raise " + name + " to Java 8 class files: " + e.getMessage(), e);
        }
    }

    private InputStream open(ClassDesc desc) {
        String internal = desc.descriptorString();
        byte[] bytes = classes.get(internal.substring(1, internal.length() - 1) + ".class");
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }
}
