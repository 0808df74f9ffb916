/**
 * Disk images on the host: creating, growing and inspecting them with the {@code qemu-img} of the
 * QEMU installation, always as a plain argv (never a shell).
 */
package io.jqemu.launcher.image;
