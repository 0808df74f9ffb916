package io.jqemu.junit;

import io.jqemu.core.model.CharBackend;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.launcher.AfterSave;
import io.jqemu.launcher.LaunchOptions;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Launches the VM a {@link Vm} declares: machine from its method, unique name, console, ready line, template. */
final class VmFactory {
    private static final Logger LOG = LoggerFactory.getLogger(VmFactory.class);

    private final JvmRun run;

    VmFactory(JvmRun run) {
        this.run = run;
    }

    /**
     * Launches the VM.
     *
     * @param spec      the annotation
     * @param label     a readable part of the VM's name (the field or parameter name)
     * @param testClass where the machine method is looked up (and in its enclosing classes)
     * @param where     the declaration, for errors ({@code field MyTest.vm})
     */
    TestVm launch(Vm spec, String label, Class<?> testClass, String where) {
        Method method = machineMethod(spec, testClass, where);
        if (!spec.template().isEmpty() && spec.ready().isEmpty()) {
            throw new LauncherException("@Vm(template = \"" + spec.template() + "\") on " + where
                    + ": ready is empty; a template is saved once the guest prints its ready line, so name that line"
                    + " (e.g. ready = ConsoleShell.READY)");
        }
        if (spec.readySeconds() <= 0) {
            throw new LauncherException("@Vm(readySeconds = " + spec.readySeconds() + ") on " + where + ": must be positive");
        }
        String name = run.uniqueName(label);
        if (spec.template().isEmpty()) {
            Path dir = run.vmDirectory(name);
            Machine machine;
            try {
                machine = machine(method, dir, name, where);
            } catch (RuntimeException e) {
                PrivateFiles.deleteTree(dir);
                throw e;
            }
            return start(machine, dir, LaunchOptions.startPaused(), spec.ready(), readyTimeout(spec), where);
        }
        Templates.Template template = run.templates().get(spec.template(), file -> makeTemplate(spec, method, file, where));
        Path dir = run.vmDirectory(name);
        Machine machine = template.machine().toBuilder().name(name).build();
        return start(machine, dir, LaunchOptions.startPaused().restoring(template.stateFile()), "", readyTimeout(spec), where);
    }

    private Templates.Template makeTemplate(Vm spec, Method method, Path stateFile, String where) {
        String name = run.uniqueName("tpl-" + spec.template());
        Path dir = run.templateDirectory(name); // kept for the run: the template's machine may use files in it
        Machine machine = machine(method, dir, name, where);
        // as a template: its RAM in a shared file, so that each copy maps it instead of reading it
        TestVm vm = start(machine, dir, LaunchOptions.startPaused().asTemplate(), spec.ready(), readyTimeout(spec), where);
        try {
            var saved = vm.vm().saveState(stateFile, AfterSave.STOP);
            LOG.info("template '{}' saved from VM {} at its ready line: {} bytes in {} ms", spec.template(), name,
                    saved.bytes(), saved.duration().toMillis());
            vm.vm().terminated().join();
            return new Templates.Template(machine, stateFile);
        } finally {
            vm.consoleIfAny().ifPresent(ConsoleShell::close);
            vm.vm().close();
            PrivateFiles.deleteTree(vm.vm().stateDir());
            run.closed(vm);
        }
    }

    private TestVm start(Machine machine, Path dir, LaunchOptions options, String ready, Duration readyTimeout,
            String where) {
        RunningVm vm;
        try {
            vm = run.launcher().launch(machine, options);
        } catch (RuntimeException e) {
            PrivateFiles.deleteTree(dir);
            throw e;
        }
        TestVm testVm = null;
        try {
            QmpEventLog events = QmpEventLog.of(vm);
            Optional<ConsoleShell> console = hasConsole(machine) ? Optional.of(ConsoleShell.open(vm)) : Optional.empty();
            testVm = new TestVm(vm, console, dir, events);
            run.opened(testVm);
            if (!ready.isEmpty() && console.isEmpty()) {
                throw new LauncherException("@Vm(ready = \"" + ready + "\") on " + where + ": the machine has no serial"
                        + " port on a unix socket to read the ready line from (CharBackend.UnixSocket)");
            }
            vm.resume();
            if (!ready.isEmpty()) {
                console.get().awaitMarker(ready, readyTimeout);
            }
            return testVm;
        } catch (RuntimeException e) {
            if (testVm != null) {
                VmCloser.close(testVm, run);
            } else {
                vm.close();
                PrivateFiles.deleteTree(dir);
                PrivateFiles.deleteTree(vm.stateDir());
            }
            throw e;
        }
    }

    private static boolean hasConsole(Machine machine) {
        return machine.serials().stream().anyMatch(s -> s.backend() instanceof CharBackend.UnixSocket);
    }

    private static Duration readyTimeout(Vm spec) {
        return Duration.ofSeconds(spec.readySeconds());
    }

    private static Method machineMethod(Vm spec, Class<?> testClass, String where) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                Optional<Method> found = Arrays.stream(k.getDeclaredMethods())
                        .filter(m -> m.getName().equals(spec.machine()) && Modifier.isStatic(m.getModifiers()))
                        .filter(m -> m.getParameterCount() == 0
                                || (m.getParameterCount() == 1 && m.getParameterTypes()[0] == Path.class))
                        .filter(m -> Machine.class.isAssignableFrom(m.getReturnType())
                                || MachineBuilder.class.isAssignableFrom(m.getReturnType()))
                        .findFirst();
                if (found.isPresent()) {
                    found.get().setAccessible(true);
                    return found.get();
                }
            }
        }
        throw new LauncherException("@Vm(machine = \"" + spec.machine() + "\") on " + where + ": " + testClass.getName()
                + " has no static method " + spec.machine() + "() or " + spec.machine()
                + "(Path) returning a Machine or a MachineBuilder");
    }

    private static Machine machine(Method method, Path dir, String name, String where) {
        Object made;
        try {
            made = method.getParameterCount() == 0 ? method.invoke(null) : method.invoke(null, dir);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new LauncherException("@Vm(machine = \"" + method.getName() + "\") on " + where + ": the method failed: "
                    + cause, cause);
        } catch (IllegalAccessException e) {
            throw new LauncherException("@Vm(machine = \"" + method.getName() + "\") on " + where
                    + ": cannot call the method: " + e.getMessage(), e);
        }
        if (made == null) {
            throw new LauncherException("@Vm(machine = \"" + method.getName() + "\") on " + where + ": the method returned null");
        }
        MachineBuilder builder = made instanceof Machine m ? m.toBuilder() : (MachineBuilder) made;
        return builder.name(name).build();
    }
}
