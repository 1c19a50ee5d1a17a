# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'wizard_outcome.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_WizardOutcome(object):
    def setupUi(self, WizardOutcome):
        if not WizardOutcome.objectName():
            WizardOutcome.setObjectName(u"WizardOutcome")
        WizardOutcome.resize(640, 440)
        self.mainLayout = QVBoxLayout(WizardOutcome)
        self.mainLayout.setSpacing(8)
        self.mainLayout.setObjectName(u"mainLayout")
        self.summaryForm = QFormLayout()
        self.summaryForm.setObjectName(u"summaryForm")
        self.resolutionTitle = QLabel(WizardOutcome)
        self.resolutionTitle.setObjectName(u"resolutionTitle")

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.resolutionTitle)

        self.resolutionLabel = QLabel(WizardOutcome)
        self.resolutionLabel.setObjectName(u"resolutionLabel")
        self.resolutionLabel.setWordWrap(True)
        self.resolutionLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.summaryForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.resolutionLabel)

        self.stateTitle = QLabel(WizardOutcome)
        self.stateTitle.setObjectName(u"stateTitle")

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.stateTitle)

        self.stateLabel = QLabel(WizardOutcome)
        self.stateLabel.setObjectName(u"stateLabel")

        self.summaryForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.stateLabel)

        self.moneyTitle = QLabel(WizardOutcome)
        self.moneyTitle.setObjectName(u"moneyTitle")

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.moneyTitle)

        self.moneyLabel = QLabel(WizardOutcome)
        self.moneyLabel.setObjectName(u"moneyLabel")
        self.moneyLabel.setWordWrap(True)

        self.summaryForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.moneyLabel)

        self.flagTitle = QLabel(WizardOutcome)
        self.flagTitle.setObjectName(u"flagTitle")

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.flagTitle)

        self.flagLabel = QLabel(WizardOutcome)
        self.flagLabel.setObjectName(u"flagLabel")

        self.summaryForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.flagLabel)


        self.mainLayout.addLayout(self.summaryForm)

        self.noteTitle = QLabel(WizardOutcome)
        self.noteTitle.setObjectName(u"noteTitle")

        self.mainLayout.addWidget(self.noteTitle)

        self.noteRow = QHBoxLayout()
        self.noteRow.setObjectName(u"noteRow")
        self.noteEdit = QPlainTextEdit(WizardOutcome)
        self.noteEdit.setObjectName(u"noteEdit")
        self.noteEdit.setReadOnly(True)
        self.noteEdit.setMaximumSize(QSize(16777215, 70))

        self.noteRow.addWidget(self.noteEdit)

        self.copyButton = QPushButton(WizardOutcome)
        self.copyButton.setObjectName(u"copyButton")

        self.noteRow.addWidget(self.copyButton)


        self.mainLayout.addLayout(self.noteRow)

        self.copiedLabel = QLabel(WizardOutcome)
        self.copiedLabel.setObjectName(u"copiedLabel")
        self.copiedLabel.setStyleSheet(u"color: #2e7d32;")

        self.mainLayout.addWidget(self.copiedLabel)

        self.nextTitle = QLabel(WizardOutcome)
        self.nextTitle.setObjectName(u"nextTitle")

        self.mainLayout.addWidget(self.nextTitle)

        self.nextLabel = QLabel(WizardOutcome)
        self.nextLabel.setObjectName(u"nextLabel")
        self.nextLabel.setWordWrap(True)
        self.nextLabel.setAlignment(Qt.AlignLeading|Qt.AlignLeft|Qt.AlignTop)

        self.mainLayout.addWidget(self.nextLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.bottomSpacer)

#if QT_CONFIG(shortcut)
        self.noteTitle.setBuddy(self.noteEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(WizardOutcome)

        QMetaObject.connectSlotsByName(WizardOutcome)
    # setupUi

    def retranslateUi(self, WizardOutcome):
        self.resolutionTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u5904\u7406\u7ed3\u679c", None))
        self.stateTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u4fdd\u5b58\u4e3a", None))
        self.moneyTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u91d1\u989d", None))
        self.flagTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u65d7\u5e1c", None))
        self.noteTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u8ba2\u5355\u5907\u6ce8\uff08\u7c98\u8d34\u5230\u5343\u725b\u5356\u5bb6\u5de5\u4f5c\u53f0\uff09", None))
        self.copyButton.setText(QCoreApplication.translate("WizardOutcome", u"\u590d\u5236\u5907\u6ce8\u548c\u65d7\u5e1c", None))
        self.nextTitle.setText(QCoreApplication.translate("WizardOutcome", u"\u63a5\u4e0b\u6765\u8981\u505a", None))
        pass
    # retranslateUi
