package io.tidemark.engine.model;

/** What a file-system entry is. Stored as its code; codes never change meaning. */
public enum EntryKind {
    FILE(0), DIRECTORY(1), SYMLINK(2);

    private final int code;

    EntryKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static EntryKind ofCode(int code) {
        for (EntryKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown entry kind code " + code);
    }
}
