package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jqemu.core.model.PciAddress;
import org.junit.jupiter.api.Test;

/** The host resource records refuse parts that cannot describe a host need. */
class HostResourceTest {
    private static final PciAddress PF = new PciAddress(0, 2, 0, 0);
    private static final PciAddress VF = new PciAddress(0, 2, 0x10, 4);

    @Test
    void aVirtualFunctionMustBeAmongTheFunctionsEnabled() {
        HostResource.SriovVirtualFunction vf = new HostResource.SriovVirtualFunction(PF, 2, 4, VF, "sriov_functions[0]");
        assertThat(vf.fieldPath()).isEqualTo("sriov_functions[0]");

        assertThatThrownBy(() -> new HostResource.SriovVirtualFunction(PF, 4, 4, VF, "sriov_functions[1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sriov_functions[1]: virtual function 4 is not among the 4 enabled on 0000:02:00.0");
        assertThatThrownBy(() -> new HostResource.SriovVirtualFunction(PF, -1, 4, VF, "f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostResource.SriovVirtualFunction(PF, 0, 4, null, "f"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyResourceNamesItsField() {
        assertThat(new HostResource.Kvm("accelerator").fieldPath()).isEqualTo("accelerator");
        assertThatThrownBy(() -> new HostResource.Kvm(null)).isInstanceOf(NullPointerException.class);
    }
}
