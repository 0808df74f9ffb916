package io.jqemu.libvirt.internal;

import io.jqemu.libvirt.ImportReport.Reason;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Node;

/**
 * What the mappers did with each node of one document: translated it ({@link #translated}), or
 * looked at it and left it out with a reason ({@link #leftOut}). A node in neither set was never
 * looked at; the final walk ({@link OmissionWalk}) reports it.
 */
final class Consumption {
    private final Set<Node> translated = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Node, Explanation> leftOut = new IdentityHashMap<>();

    /** Why a mapper left a node out. */
    record Explanation(Reason reason, String why) {
    }

    void translated(Node node) {
        translated.add(node);
    }

    boolean isTranslated(Node node) {
        return translated.contains(node);
    }

    void leftOut(Node node, Reason reason, String why) {
        translated.remove(node);
        leftOut.put(node, new Explanation(reason, why));
    }

    Optional<Explanation> explanation(Node node) {
        return Optional.ofNullable(leftOut.get(node));
    }
}
