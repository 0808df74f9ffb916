package io.jqemu.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The remote display and the graphics card.
 *
 * @param graphics how the screen is exported
 * @param vga      the graphics card, or empty for none
 */
public record Display(Graphics graphics, Optional<Vga> vga) {
    /** No display and no graphics card (headless). */
    public static final Display HEADLESS = new Display(new Graphics.None(), Optional.empty());

    /** Refuses null components; the exception names the component. */
    public Display {
        Objects.requireNonNull(graphics, "graphics");
        Objects.requireNonNull(vga, "vga");
    }

    /** A display with a graphics card. */
    public static Display of(Graphics graphics, Vga vga) {
        return new Display(graphics, Optional.of(vga));
    }
}
