/** Persistent tap devices and bridge ports through {@code /dev/net/tun} and socket ioctls (no shelling out). */
package io.jqemu.launcher.host.net;
