/** jqemu for JUnit 5: VMs declared with {@code @Vm}, injected and cleaned up; the console shell. */
module io.jqemu.junit {
    requires transitive io.jqemu.launcher;
    requires transitive org.junit.jupiter.api;
    requires org.slf4j;
    exports io.jqemu.junit;
}
