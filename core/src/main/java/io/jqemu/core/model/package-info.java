/**
 * The immutable machine model: {@link io.jqemu.core.model.Machine} (its scalars and one list of
 * devices), built with {@link io.jqemu.core.model.MachineBuilder} and validated as a whole. Each kind
 * of device is one record implementing {@link io.jqemu.core.model.Device}, which validates and renders
 * itself; {@link io.jqemu.core.model.Device#KINDS} lists them in command-line order.
 */
package io.jqemu.core.model;
