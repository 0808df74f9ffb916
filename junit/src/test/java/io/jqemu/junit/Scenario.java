package io.jqemu.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that only runs inside another test, through {@link Scenarios#run}: its tests
 * fail, hang or run in parallel on purpose, and the outer test checks what the extension did.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Scenario.OnlyWhenRunByATest.class)
@interface Scenario {
    /** The configuration parameter {@link Scenarios#run} sets. */
    String PARAMETER = "jqemu.junit.scenario";

    /** Disables the class unless {@link #PARAMETER} is set. */
    final class OnlyWhenRunByATest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by a test")
                    : ConditionEvaluationResult.disabled("runs only inside another test");
        }
    }
}
