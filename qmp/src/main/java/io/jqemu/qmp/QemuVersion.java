package io.jqemu.qmp;

/**
 * A QEMU version as reported in the QMP greeting and by {@code query-version}.
 *
 * @param major major version
 * @param minor minor version
 * @param micro micro version
 * @param packageName the distribution's package string, e.g. {@code Debian 1:7.2+dfsg-7}; may be empty
 */
public record QemuVersion(int major, int minor, int micro, String packageName) {
    /** {@return {@code major.minor.micro}} */
    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
