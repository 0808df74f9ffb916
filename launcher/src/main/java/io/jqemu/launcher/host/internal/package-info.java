/** Native calls used by the host package; exported only to jnr-ffi, not API. */
package io.jqemu.launcher.host.internal;
