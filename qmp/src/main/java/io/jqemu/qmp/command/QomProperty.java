package io.jqemu.qmp.command;

/**
 * One entry of {@code qom-list}.
 *
 * @param name the property or child name
 * @param type its QOM type, e.g. {@code child<pcie-root-port>} or {@code str}
 */
public record QomProperty(String name, String type) {
}
