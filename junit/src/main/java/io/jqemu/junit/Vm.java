package io.jqemu.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares a VM for a test: on a field or parameter of type {@link io.jqemu.launcher.RunningVm} or
 * {@link TestVm}, it is launched before the test and stopped after it, with its host changes undone
 * and its files removed, whatever happened. Registers {@link JqemuExtension} by itself.
 *
 * <p>How long the VM lives follows where the annotation is: a static field or a parameter of a
 * {@code @BeforeAll} method, one VM for the test class; an instance field, one VM per test method
 * (one for the class when the class uses {@code @TestInstance(PER_CLASS)}); a parameter of a test
 * or {@code @BeforeEach} method, one VM for that test.
 *
 * <pre>{@code
 * static MachineBuilder guest(Path dir) { ... }        // a static method of the test class
 *
 * @Test
 * void answers(@Vm(machine = "guest", ready = ConsoleShell.READY) TestVm vm) {
 *     assertEquals("ok", vm.console().check("echo ok", Duration.ofSeconds(30)));
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@ExtendWith(JqemuExtension.class)
public @interface Vm {
    /**
     * The name of a static method of the test class (or of a class enclosing it) that returns the
     * {@link io.jqemu.core.model.Machine} or {@link io.jqemu.core.model.MachineBuilder} to launch.
     * It takes no parameter, or one {@link java.nio.file.Path}: the VM's private directory (for disk
     * images and the like). The extension gives the machine a unique name of its own.
     */
    String machine();

    /**
     * A line (or part of one) the guest prints on its first serial port when it is ready; the test
     * starts once it has been seen. Empty: the test starts as soon as the guest runs. The jqemu test
     * guest prints {@link ConsoleShell#READY}.
     */
    String ready() default "";

    /** How long to wait for {@link #ready()}, in seconds (generous: guests under TCG boot slowly). */
    int readySeconds() default 300;

    /**
     * A template name: the first VM of a template in a test run boots, waits for {@link #ready()}
     * and has its whole state saved; every VM of that template (the first included) then starts from
     * that state under its own name, sockets and directories, in a fraction of a boot. The machine is
     * built once per template and run; its disks must be read-only or absent, since the saved guest
     * and its copies share them. Empty: the VM boots.
     */
    String template() default "";
}
