# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_log_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QLabel, QTableWidget, QVBoxLayout

class Ui_AuditLogDialog(object):
    def setupUi(self, AuditLogDialog):
        if not AuditLogDialog.objectName():
            AuditLogDialog.setObjectName(u"AuditLogDialog")
        AuditLogDialog.resize(860, 600)
        self.mainLayout = QVBoxLayout(AuditLogDialog)
        self.mainLayout.setSpacing(10)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(AuditLogDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.entryTable = QTableWidget(AuditLogDialog)
        self.entryTable.setObjectName(u"entryTable")
        self.entryTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.entryTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.entryTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.entryTable.setAlternatingRowColors(True)

        self.mainLayout.addWidget(self.entryTable)

        self.buttonBox = QDialogButtonBox(AuditLogDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Close)

        self.mainLayout.addWidget(self.buttonBox)


        self.retranslateUi(AuditLogDialog)

        QMetaObject.connectSlotsByName(AuditLogDialog)
    # setupUi

    def retranslateUi(self, AuditLogDialog):
        AuditLogDialog.setWindowTitle(QCoreApplication.translate("AuditLogDialog", u"\u767b\u5f55\u4e0e\u5907\u4efd\u8bb0\u5f55", None))
        self.introLabel.setText(QCoreApplication.translate("AuditLogDialog", u"\u8c01\u5728\u4ec0\u4e48\u65f6\u5019\u767b\u5f55\u3001\u8f93\u9519\u5bc6\u7801\u3001\u8d26\u53f7\u88ab\u9501\u5b9a\uff0c\u4ee5\u53ca\u6570\u636e\u5e93\u7684\u5907\u4efd\u548c\u6062\u590d\uff08\u6700\u65b0\u7684\u5728\u6700\u4e0a\u9762\uff09\u3002\u8fde\u7eed 5 \u6b21\u5bc6\u7801\u9519\u8bef\u7684\u8d26\u53f7\u9501\u5b9a 5 \u5206\u949f\uff1b\u91cd\u8bbe\u5bc6\u7801\u4f1a\u7acb\u5373\u89e3\u9664\u9501\u5b9a\u3002", None))
    # retranslateUi
