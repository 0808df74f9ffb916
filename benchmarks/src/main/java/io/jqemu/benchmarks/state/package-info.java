/**
 * Saved-state benchmarks: a cold boot of the test guest to ready against restoring it from a state
 * saved at its ready line, by the plain migration stream and from a template's RAM file. Not API.
 */
package io.jqemu.benchmarks.state;
