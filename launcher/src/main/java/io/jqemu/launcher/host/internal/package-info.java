/** Native calls and file-tree removal shared by the launcher's packages; exported only to jnr-ffi, not API. */
package io.jqemu.launcher.host.internal;
