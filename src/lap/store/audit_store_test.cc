// The contract of AuditStore (audit_store.h) on SQLite and PostgreSQL: the
// log is read back per person and its hash chain shows every edit.
#include "lap/store/audit_store.h"

#include <string>

#include <gtest/gtest.h>

#include "lap/store/sql/test_imports.h"

namespace lap::store::sql {
namespace {

class AuditStoreContract : public testing::ImportingStoreTest {};
LAP_ON_BOTH_DATABASES(AuditStoreContract);

// Regression: the application's own role could drop the append-only triggers,
// edit rows and restore the triggers without a trace. The hash chain shows it.
TEST_P(AuditStoreContract, TheAuditLogIsAHashChainThatShowsEveryEdit) {
  auto& db = store_->database();
  const bool pg = GetParam() == Dialect::kPostgresql;
  ASSERT_TRUE(store_->append_audit({"an", "operator", "ref1", "lap explain", "dossier"}));
  ASSERT_TRUE(store_->append_audits({{"bo", "ocmw_counsellor", "ref2", "GET /p", "opvolging\nx"},
                                     {"bo", "ocmw_counsellor", "ref3", "GET /p", "opvolging"}}));
  auto v = store_->verify_audit_log();
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->intact()) << v->problem;
  EXPECT_EQ(v->rows, 3);
  EXPECT_EQ(v->chained_rows, 3);
  EXPECT_EQ(v->head.size(), 64u);
  const std::string head = v->head;

  // Triggers off, one purpose edited, triggers back on.
  auto without_triggers = [&](const std::string& change) {
    ASSERT_TRUE(db.exec(pg ? "ALTER TABLE audit_log DISABLE TRIGGER USER"
                           : "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"));
    ASSERT_TRUE(db.exec(change));
    ASSERT_TRUE(db.exec(pg ? "ALTER TABLE audit_log ENABLE TRIGGER USER"
                           : "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
                             "SELECT RAISE(ABORT, 'audit_log is append-only'); END; CREATE "
                             "TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT "
                             "RAISE(ABORT, 'audit_log is append-only'); END;"));
  };
  without_triggers("UPDATE audit_log SET purpose = 'iets anders' WHERE id = 2");
  v = store_->verify_audit_log();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->triggers_in_place);
  EXPECT_FALSE(v->intact());
  EXPECT_EQ(v->broken_at, 2);
  without_triggers("UPDATE audit_log SET purpose = 'opvolging\nx' WHERE id = 2");
  EXPECT_TRUE(store_->verify_audit_log()->intact());
  // A deleted row breaks the chain at the next one.
  without_triggers("DELETE FROM audit_log WHERE id = 2");
  v = store_->verify_audit_log();
  EXPECT_EQ(v->broken_at, 3);
  // Triggers left off are reported even when the rows are intact.
  auto other = fresh();
  ASSERT_TRUE(other->append_audit({"an", "operator", "ref1", "lap explain", "dossier"}));
  ASSERT_TRUE(other->database().exec(pg ? "ALTER TABLE audit_log DISABLE TRIGGER USER"
                                        : "DROP TRIGGER audit_log_no_delete"));
  v = other->verify_audit_log();
  EXPECT_EQ(v->broken_at, 0);
  EXPECT_FALSE(v->triggers_in_place);
  EXPECT_FALSE(v->intact());
  EXPECT_NE(head, v->head);
}

TEST_P(AuditStoreContract, EntriesAreReadBackPerPersonOldestFirst) {
  AuditStore& log = *store_;
  ASSERT_TRUE(log.append_audit({"an", "operator", "ref1", "lap explain", "dossier"}));
  ASSERT_TRUE(log.append_audits({{"bo", "ocmw_counsellor", "ref2", "GET /p", "opvolging"},
                                 {"cy", "ocmw_counsellor", "ref1", "GET /p", "opvolging"}}));
  auto ref1 = log.audit_for("ref1");
  ASSERT_TRUE(ref1);
  ASSERT_EQ(ref1->size(), 2u);
  EXPECT_EQ((*ref1)[0].actor, "an");
  EXPECT_EQ((*ref1)[0].role, "operator");
  EXPECT_EQ((*ref1)[0].action, "lap explain");
  EXPECT_EQ((*ref1)[0].purpose, "dossier");
  EXPECT_EQ((*ref1)[1].actor, "cy");
  EXPECT_EQ(log.audit_for("ref2")->size(), 1u);
  EXPECT_TRUE(log.audit_for("nobody")->empty());
  EXPECT_EQ(log.verify_audit_log()->rows, 3);
}

}  // namespace
}  // namespace lap::store::sql
