/** jqemu core's exception hierarchy: {@link io.jqemu.core.JqemuException} and machine validation errors. */
package io.jqemu.core;
