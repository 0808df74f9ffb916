package io.jqemu.core.model;

/** What the guest's real-time clock starts from ({@code -rtc base=}). */
public enum RtcBase {
    /** Coordinated universal time (Linux guests). */
    UTC,
    /** The host's local time (Windows guests). */
    LOCALTIME
}
