/** A QEMU guest agent (qemu-ga) client on the QMP codec, with the {@code guest-sync-delimited} handshake. */
package io.jqemu.qmp.ga;
