/** Typed QMP commands (records implementing {@link io.jqemu.qmp.QmpCommand}) and their replies. */
package io.jqemu.qmp.command;
