package io.jqemu.junit;

import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.RunningVm;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link Vm} (which registers it): launches the declared VMs, injects
 * them, closes them with the test or class they belong to, and on a test's failure writes the QEMU
 * log, the console and the last QMP events of its VMs (see the module README). Keeps no state of
 * its own: VMs live in the extension contexts' stores, the run in {@link JvmRun}, so tests may run in
 * parallel.
 */
public final class JqemuExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JqemuExtension.class);

    /** Made by JUnit. */
    public JqemuExtension() {
    }

    /** Launches the VMs of the test class's static {@link Vm} fields. */
    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Field field : vmFields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(field.getModifiers()) && field.get(null) == null) {
                field.set(null, launch(field, context.getRequiredTestClass(), context));
            }
        }
    }

    /** Launches the VMs of the test instances' {@link Vm} fields (per test, or once under {@code PER_CLASS}). */
    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            boolean perClass = context.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                    == TestInstance.Lifecycle.PER_CLASS;
            ExtensionContext scope = perClass ? classContext(context, instance.getClass()) : context;
            for (Field field : vmFields(instance.getClass())) {
                if (!Modifier.isStatic(field.getModifiers()) && field.get(instance) == null) {
                    field.set(instance, launch(field, instance.getClass(), scope));
                }
            }
        }
    }

    /** Whether the parameter is a {@link Vm}-annotated {@link RunningVm} or {@link TestVm}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(Vm.class) && injectable(parameter.getParameter().getType());
    }

    /** Launches the VM of a {@link Vm} parameter; it lives as long as the context it was resolved in. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        String where = "parameter " + p.getName() + " of " + p.getDeclaringExecutable().getDeclaringClass().getSimpleName()
                + "." + p.getDeclaringExecutable().getName();
        Vm spec = parameter.findAnnotation(Vm.class).orElseThrow();
        // without javac's -parameters the name is arg0: the method's name says more
        String label = p.isNamePresent() ? p.getName() : p.getDeclaringExecutable().getName();
        TestVm vm = launch(spec, label, context.getRequiredTestClass(), where, context);
        return p.getType() == TestVm.class ? vm : vm.vm();
    }

    /** Writes the failure report of every VM the failed test could see. */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        List<TestVm> vms = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext.Store store = c.get().getStore(NAMESPACE);
            VmScope scope = store.get(scopeKey(c.get()), VmScope.class);
            if (scope != null) {
                vms.addAll(scope.vms());
            }
        }
        FailureReport.write(context, vms);
    }

    private static Object launch(Field field, Class<?> testClass, ExtensionContext scope) {
        if (!injectable(field.getType())) {
            throw new LauncherException("@Vm on field " + testClass.getSimpleName() + "." + field.getName()
                    + ": its type must be RunningVm or TestVm, not " + field.getType().getSimpleName());
        }
        field.setAccessible(true);
        TestVm vm = launch(field.getAnnotation(Vm.class), field.getName(), testClass,
                "field " + testClass.getSimpleName() + "." + field.getName(), scope);
        return field.getType() == TestVm.class ? vm : vm.vm();
    }

    private static TestVm launch(Vm spec, String label, Class<?> testClass, String where, ExtensionContext scope) {
        JvmRun run = JvmRun.get();
        VmScope vms = scope.getStore(NAMESPACE).getOrComputeIfAbsent(scopeKey(scope), k -> new VmScope(run), VmScope.class);
        TestVm vm = new VmFactory(run).launch(spec, label, testClass, where);
        vms.add(vm);
        return vm;
    }

    private static String scopeKey(ExtensionContext context) {
        return "vms:" + context.getUniqueId();
    }

    private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTestMethod().isEmpty() && c.get().getTestClass().filter(testClass::equals).isPresent()) {
                return c.get();
            }
        }
        return context;
    }

    private static boolean injectable(Class<?> type) {
        return type == RunningVm.class || type == TestVm.class;
    }

    private static List<Field> vmFields(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Vm.class)) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        return fields;
    }
}
