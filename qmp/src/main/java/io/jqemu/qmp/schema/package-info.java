/** The QAPI schema as read from {@code query-qmp-schema}, for the opt-in local command check. */
package io.jqemu.qmp.schema;
