package io.jqemu.core.model;

/**
 * The classic cache modes, rendered as {@code cache.direct}, {@code cache.no-flush} (block node) and
 * {@code write-cache} (device).
 */
public enum CacheMode {
    /** O_DIRECT, guest sees a write cache. */
    NONE(true, false, true),
    /** Host page cache, guest sees a write cache. */
    WRITEBACK(false, false, true),
    /** Host page cache, every write flushed. */
    WRITETHROUGH(false, false, false),
    /** O_DIRECT and every write flushed. */
    DIRECTSYNC(true, false, false),
    /** Host page cache, flushes ignored: fast and unsafe on host crash. */
    UNSAFE(false, true, true);

    private final boolean direct;
    private final boolean noFlush;
    private final boolean writeCache;

    CacheMode(boolean direct, boolean noFlush, boolean writeCache) {
        this.direct = direct;
        this.noFlush = noFlush;
        this.writeCache = writeCache;
    }

    /** {@code cache.direct}: bypass the host page cache. */
    public boolean direct() {
        return direct;
    }

    /** {@code cache.no-flush}: ignore flush requests. */
    public boolean noFlush() {
        return noFlush;
    }

    /** The device's {@code write-cache}: whether the guest sees a volatile write cache. */
    public boolean writeCache() {
        return writeCache;
    }
}
