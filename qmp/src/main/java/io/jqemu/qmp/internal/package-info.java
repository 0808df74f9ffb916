/**
 * The QMP client's internals: transport selection, frame decoding, request encoding and writing
 * (with SCM_RIGHTS), id matching, timeouts and event dispatch. Not exported, not API.
 */
package io.jqemu.qmp.internal;
