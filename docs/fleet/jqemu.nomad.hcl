# One jqemu VM as a Nomad job: `jqemu run` in the foreground on a node that has KVM, jqemu and the
# VM's vm.toml (/etc/jqemu/router.toml). docs/fleet.md explains each choice; a test checks that the
# signal and the timeout agree with jqemu's shutdown ladder and the systemd unit (jqemu unit).
job "jqemu-router" {
  datacenters = ["dc1"]
  # batch, not service: a service task is restarted even after it exits 0, and exit 0 means the
  # guest powered off on purpose
  type = "batch"

  group "vm" {
    count = 1

    # the scheduler places the VM only on a client that declares both host volumes
    volume "kvm" {
      type      = "host"
      source    = "kvm"
      read_only = false
    }

    volume "jqemu-state" {
      type      = "host"
      source    = "jqemu-state"
      read_only = false
    }

    # any exit but 0 (crash 6, killed 7, could not start 5, ...) is retried in place; Nomad cannot
    # spare exit 3 (invalid vm.toml), which fails the allocation after the attempts
    restart {
      attempts = 5
      interval = "10m"
      delay    = "10s"
      mode     = "fail"
    }

    reschedule {
      attempts  = 0
      unlimited = false
    }

    task "jqemu" {
      # raw_exec: QEMU needs the node's /dev/kvm, /dev/net/tun, bridges and taps as they are
      driver = "raw_exec"

      config {
        command = "/usr/bin/jqemu"
        args    = ["run", "/etc/jqemu/router.toml"]
      }

      # SIGTERM makes jqemu press the guest's power button and walk the shutdown ladder; Nomad sends
      # SIGKILL only after kill_timeout: the ladder's longest run plus the host's undo
      kill_signal  = "SIGTERM"
      kill_timeout = "136s"

      env {
        JQEMU_STATE_ROOT   = "/var/lib/jqemu"
        JQEMU_RUNTIME_ROOT = "/run/jqemu"
      }

      resources {
        cpu    = 2000
        memory = 2304
      }
    }
  }
}
