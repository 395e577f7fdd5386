package io.tidemark.installers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Linux shared library says about itself: its own name (DT_SONAME) and the libraries it
 * needs (DT_NEEDED), read from its dynamic section. Enough of ELF to know what a package must
 * depend on, without binutils on the build machine.
 */
record ElfLibrary(Optional<String> soname, List<String> needed) {
    private static final int SHT_DYNAMIC = 6;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_SONAME = 14;

    /** Whether {@code bytes} start like an ELF file. */
    static boolean isElf(byte[] bytes) {
        return bytes.length > 16 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /** Parses a 64-bit ELF file (every platform the installers build for is 64-bit). */
    static ElfLibrary parse(byte[] bytes) {
        if (!isElf(bytes)) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (bytes[4] != 2) {
            throw new IllegalArgumentException("not a 64-bit ELF file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(bytes[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_DYNAMIC) {
                continue;
            }
            long offset = b.getLong(sh + 0x18);
            long size = b.getLong(sh + 0x20);
            int link = b.getInt(sh + 0x28);
            int strSection = Math.toIntExact(shoff + (long) link * shentsize);
            long strOffset = b.getLong(strSection + 0x18);
            List<String> needed = new ArrayList<>();
            String soname = null;
            for (long at = offset; at + 16 <= offset + size; at += 16) {
                long tag = b.getLong(Math.toIntExact(at));
                long value = b.getLong(Math.toIntExact(at + 8));
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_NEEDED) {
                    needed.add(string(bytes, strOffset + value));
                } else if (tag == DT_SONAME) {
                    soname = string(bytes, strOffset + value);
                }
            }
            return new ElfLibrary(Optional.ofNullable(soname), List.copyOf(needed));
        }
        return new ElfLibrary(Optional.empty(), List.of()); // statically linked
    }

    private static String string(byte[] bytes, long offset) {
        int start = Math.toIntExact(offset);
        int end = start;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, start, end - start, StandardCharsets.US_ASCII);
    }
}
