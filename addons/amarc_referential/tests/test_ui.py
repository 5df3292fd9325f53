from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReferentialUi(HttpCase):
    def test_referential_tour(self):
        self.env.ref("base.user_admin").company_id.amarc_level = "B"
        self.start_tour("/odoo", "amarc_referential_tour", login="admin")
