/**
 * Real QEMU VMs in JUnit 5 tests: {@link io.jqemu.junit.Vm} declares one (machine from a static
 * method of the test class), {@link io.jqemu.junit.JqemuExtension} launches, injects and cleans it up
 * on every path, {@link io.jqemu.junit.ConsoleShell} runs commands over the guest's serial console,
 * and a failed test gets its VMs' QEMU log, console and QMP events in its report.
 */
package io.jqemu.junit;
