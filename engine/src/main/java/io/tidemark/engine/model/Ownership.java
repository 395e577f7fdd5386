package io.tidemark.engine.model;

/** Who may write a resource type. */
public enum Ownership {
    /** Only the owner device writes these rows; others pull them per (owner, type) by stamp cursor. */
    DEVICE_OWNED,
    /** Any device writes these; changes travel through the HLC-ordered shared log, last writer wins. */
    SHARED
}
