"""19.0.1.3.0: process reviews name their process; completed reviews keep
their lines (chapter V).

- A process review (1.6) reviews one process of its company
  (``amarc.process``, created with amarc_referential 19.0.1.3.0): the process
  reviews made before get the company's first process, the one their 1.6
  obligation was linked to. (The ORM computes the new column when it creates
  it; this makes sure of it.)
- ``done_date``: the inputs and decisions of a completed review are records
  kept three years, which starts when the review is completed. The reviews
  completed before this version get the date their completion was recorded as
  evidence (1.6 / 1.7), or the review's date without one."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_review r
           SET process_id = (SELECT p.id FROM amarc_process p
                              WHERE p.company_id = r.company_id AND p.active
                              ORDER BY p.sequence, p.id LIMIT 1)
         WHERE r.review_type = 'process' AND r.process_id IS NULL
        """,
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE amarc_review r
           SET done_date = COALESCE(
                   (SELECT min(e.date) FROM amarc_evidence e
                     WHERE e.res_model = 'amarc.review' AND e.res_id = r.id),
                   r.date)
         WHERE r.state = 'done' AND r.done_date IS NULL
        """,
    )
