package io.jqemu.cli.command;

import picocli.CommandLine.IVersionProvider;

/** {@code jqemu --version}: the version recorded in the jar's manifest. */
public final class VersionProvider implements IVersionProvider {

    /** Creates the provider (called by picocli). */
    public VersionProvider() {
        // nothing to set up
    }

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"jqemu " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"};
    }
}
