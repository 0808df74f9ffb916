/** The QAPI schema as read from {@code query-qmp-schema}, for the local check of commands and their nested arguments. */
package io.jqemu.qmp.schema;
