# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_question.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QLabel, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_WizardQuestion(object):
    def setupUi(self, WizardQuestion):
        if not WizardQuestion.objectName():
            WizardQuestion.setObjectName(u"WizardQuestion")
        WizardQuestion.resize(600, 320)
        self.mainLayout = QVBoxLayout(WizardQuestion)
        self.mainLayout.setSpacing(12)
        self.mainLayout.setObjectName(u"mainLayout")
        self.promptLabel = QLabel(WizardQuestion)
        self.promptLabel.setObjectName(u"promptLabel")
        self.promptLabel.setWordWrap(True)
        self.promptLabel.setStyleSheet(u"font-size: 11pt;")

        self.mainLayout.addWidget(self.promptLabel)

        self.fieldsLayout = QVBoxLayout()
        self.fieldsLayout.setSpacing(10)
        self.fieldsLayout.setObjectName(u"fieldsLayout")

        self.mainLayout.addLayout(self.fieldsLayout)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

        self.helpLabel = QLabel(WizardQuestion)
        self.helpLabel.setObjectName(u"helpLabel")
        self.helpLabel.setWordWrap(True)
        self.helpLabel.setStyleSheet(u"color: #616161;")

        self.mainLayout.addWidget(self.helpLabel)


        self.retranslateUi(WizardQuestion)

        QMetaObject.connectSlotsByName(WizardQuestion)
    # setupUi

    def retranslateUi(self, WizardQuestion):
        self.helpLabel.setText(QCoreApplication.translate("WizardQuestion", u"\u7528\u65b9\u5411\u952e\u6216\u6570\u5b57\u952e\u9009\u62e9\uff0c\u56de\u8f66\u8fdb\u5165\u4e0b\u4e00\u6b65\u3002", None))
        pass
    # retranslateUi
