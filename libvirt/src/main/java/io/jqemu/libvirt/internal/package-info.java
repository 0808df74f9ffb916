/**
 * The importer's inner parts: the hardened XML parser, the tracker of consumed nodes, one mapper per
 * area of the domain XML, and the rules saying why a node was left out. Not exported.
 */
package io.jqemu.libvirt.internal;
