/**
 * Test infrastructure shared by the jqemu modules' tests (not published API): the one rule for
 * finding QEMU ({@link io.jqemu.testsupport.QemuBinary}), the tiny test guest
 * ({@link io.jqemu.testsupport.TestGuest}), a paused QEMU with a minimal QMP exchange
 * ({@link io.jqemu.testsupport.PausedQemu}, {@link io.jqemu.testsupport.TestQmp}), a per-test network
 * namespace ({@link io.jqemu.testsupport.NetworkNamespace}), the golden command lines
 * ({@link io.jqemu.testsupport.Goldens}), the bounds all of them wait with
 * ({@link io.jqemu.testsupport.TestTimeouts}) and the JUnit tags saying what a test needs
 * ({@link io.jqemu.testsupport.RequiresQemu}, {@link io.jqemu.testsupport.BootsGuest},
 * {@link io.jqemu.testsupport.RequiresRoot}).
 */
package io.jqemu.testsupport;
