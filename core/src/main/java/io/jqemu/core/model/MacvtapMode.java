package io.jqemu.core.model;

/** The macvtap mode; in every mode the guest cannot reach the host through the parent link. */
public enum MacvtapMode {
    /** Guests on the same parent can talk to each other. */
    BRIDGE("bridge"),
    /** Traffic between guests goes through the external switch. */
    VEPA("vepa"),
    /** Guests are isolated from each other. */
    PRIVATE("private"),
    /** One guest owns the parent link. */
    PASSTHRU("passthru");

    private final String linkMode;

    MacvtapMode(String linkMode) {
        this.linkMode = linkMode;
    }

    /** The {@code ip link} mode name. */
    public String linkMode() {
        return linkMode;
    }
}
