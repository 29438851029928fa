import Testing
@testable import KeepvipConfig

struct SkippingTests {
    @Test func skipsWholeBlocksWithOneWarning() {
        let text = """
            global_defs {
                notification_email {
                    ops@example.com
                }
                vrrp_strict
                lvs_id LVS_1
            }
            vrrp_script chk {
                script "/bin/check {x}"
                interval 2
            }
            virtual_server 192.0.2.1 80 {
                real_server 192.0.2.2 80 {
                    TCP_CHECK {
                        connect_timeout 3
                    }
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 5
                track_script {
                    chk
                }
                notify_master "/etc/keepalived/master.sh arg"
                use_vmac
                virtual_ipaddress_excluded {
                    192.0.2.99
                }
                virtual_ipaddress {
                    192.0.2.1
                }
            }
            """
        let result = load(text, executables: ["/bin/check", "/etc/keepalived/master.sh"])
        #expect(result.errors.isEmpty)
        let implementedLater = "a keepalived keyword keepvip does not implement yet"
        #expect(result.warningTexts == [
            "test.conf:2:5: warning: skipped block 'notification_email': \(implementedLater)",
            "test.conf:5:5: warning: skipped 'vrrp_strict': \(implementedLater)",
            "test.conf:6:5: warning: skipped 'lvs_id': unknown keyword (keepalived does not know it either); check the spelling",
            "test.conf:12:1: warning: skipped block 'virtual_server': \(implementedLater)",
            "test.conf:26:5: warning: skipped 'use_vmac': \(implementedLater)",
        ])
        #expect(result.configuration?.instances.count == 1)
    }

    @Test func anInstanceKeywordInGlobalDefsNamesItsGlobalForm() {
        let result = load("global_defs {\n    garp_master_delay 3\n    version 3\n}\n")
        #expect(result.warningTexts == [
            "test.conf:2:5: warning: skipped 'garp_master_delay': it belongs in a vrrp_instance; in global_defs write 'vrrp_garp_master_delay'",
            "test.conf:3:5: warning: skipped 'version': it belongs in a vrrp_instance; in global_defs write 'vrrp_version'",
        ])
    }

    @Test func catalogKnowsKeepalivedKeywords() {
        for keyword in ["vrrp_script", "track_script", "notify_master", "vrrp_sync_group", "virtual_server",
                        "virtual_ipaddress_excluded", "virtual_routes", "use_vmac", "vrrp_strict", "notification_email"] {
            #expect(KeywordCatalog.isKeepalivedKeyword(keyword), "\(keyword)")
        }
        #expect(!KeywordCatalog.isKeepalivedKeyword("priorty"))
        #expect(!KeywordCatalog.isKeepalivedKeyword("nb_get_retry"))
    }
}
