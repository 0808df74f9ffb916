package io.jqemu.core.model;

/** Who may use a remote console (VNC or SPICE). */
public enum ConsoleAuth {
    /**
     * A password generated for the VM at each start and applied before the guest runs; the launcher
     * hands it to the VM's owner only (default).
     */
    PASSWORD,
    /**
     * No password: whoever reaches the listener gets the guest's screen and keyboard. Only for a
     * listener that is private some other way.
     */
    NONE
}
