"""19.0.1.1.0: every audit integrated into a process review points back to it.

Chapter VI: the audit's improvement plan is integrated into the process review
(1.6). The review's collected inputs cite each audit they took in (their
source), but audits (and their improvement plans) brought over from an older
database, or integrated into a review typed by hand, do not carry the link
back: the audit form shows no process review and the certification visit
cannot follow the loop. The link is rebuilt from the inputs of the process
reviews, the latest review when several cite the same audit; the plans follow
their audit. Nothing already linked is changed."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_audit a
           SET review_id = cited.review_id
          FROM (
                SELECT DISTINCT ON (audit.id) audit.id AS audit_id,
                       r.id AS review_id
                  FROM amarc_review_input i
                  JOIN amarc_review r ON r.id = i.review_id
                  JOIN amarc_audit audit
                    ON i.source = 'amarc.audit,' || audit.id
                   AND audit.company_id = r.company_id
                 WHERE r.review_type = 'process'
                 ORDER BY audit.id, r.date DESC, r.id DESC
               ) cited
         WHERE a.id = cited.audit_id
           AND a.review_id IS NULL
        """,
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_action_plan p
           SET review_id = a.review_id
          FROM amarc_audit a
         WHERE a.plan_id = p.id
           AND a.review_id IS NOT NULL
           AND p.review_id IS NULL
        """,
    )
