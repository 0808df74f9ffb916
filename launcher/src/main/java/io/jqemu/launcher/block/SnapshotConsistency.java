package io.jqemu.launcher.block;

/** What a snapshot's image holds of the guest's file systems. */
public enum SnapshotConsistency {
    /** Taken without asking the guest: like a power cut, the file systems need their journal replayed. */
    CRASH,
    /** Taken while the guest agent had frozen the guest's file systems ({@code guest-fsfreeze-freeze}). */
    APPLICATION
}
