/**
 * The immutable machine model: {@link io.jqemu.core.model.Machine} and its parts, built with
 * {@link io.jqemu.core.model.MachineBuilder} and validated as a whole.
 */
package io.jqemu.core.model;
