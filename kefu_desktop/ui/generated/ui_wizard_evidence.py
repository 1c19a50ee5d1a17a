# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_evidence.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QLabel, QVBoxLayout

class Ui_WizardEvidence(object):
    def setupUi(self, WizardEvidence):
        if not WizardEvidence.objectName():
            WizardEvidence.setObjectName(u"WizardEvidence")
        WizardEvidence.resize(640, 420)
        self.mainLayout = QVBoxLayout(WizardEvidence)
        self.mainLayout.setObjectName(u"mainLayout")
        self.hintLabel = QLabel(WizardEvidence)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.hintLabel)

        self.galleryLayout = QVBoxLayout()
        self.galleryLayout.setObjectName(u"galleryLayout")

        self.mainLayout.addLayout(self.galleryLayout)


        self.retranslateUi(WizardEvidence)

        QMetaObject.connectSlotsByName(WizardEvidence)
    # setupUi

    def retranslateUi(self, WizardEvidence):
        self.hintLabel.setText(QCoreApplication.translate("WizardEvidence", u"\u628a\u5ba2\u6237\u53d1\u6765\u7684\u7167\u7247\u62d6\u5230\u8fd9\u91cc\u3001\u6309 Ctrl+V \u7c98\u8d34\u622a\u56fe\uff0c\u6216\u70b9\u201c\u6dfb\u52a0\u7167\u7247\u201d\u3002\u7167\u7247\u7acb\u5373\u5b58\u5165\u552e\u540e\u95ee\u9898\u56fe\u7247\uff0c\u4ee5\u4e70\u5bb6ID\u547d\u540d\u3002\u6ca1\u6709\u7167\u7247\u53ef\u76f4\u63a5\u4e0b\u4e00\u6b65\u3002", None))
        pass
    # retranslateUi
